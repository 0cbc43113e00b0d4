/** Links from an ARM id to the studio page of the resource it names (storage accounts, registries). */
import { Link } from '../../router.js';
import { groupOf, nameOf } from '../endpoints/ml-resources.js';

const seg = encodeURIComponent;

/** `/storage/{group}/{account}` for a storage account id. */
export const storageHref = (id: string): string => `/storage/${seg(groupOf(id))}/${seg(nameOf(id))}`;

/** `/registries/{group}/{registry}` for a container registry id. */
export const registryHref = (id: string): string => `/registries/${seg(groupOf(id))}/${seg(nameOf(id))}`;

/** The resource's name as a link to its page, with the full ARM id as its title. */
export function ResourceLink(props: { id: string | undefined; href: (id: string) => string }) {
  if (!props.id) return <span>—</span>;
  return (
    <span title={props.id}>
      <Link href={props.href(props.id)}>{nameOf(props.id)}</Link>
    </span>
  );
}
