/** api-versions accepted for Microsoft.Storage resource types (az 2.45 sends 2022-09-01). */
export const STORAGE_API_VERSIONS: readonly string[] = [
  '2019-06-01',
  '2021-01-01',
  '2021-02-01',
  '2021-04-01',
  '2021-06-01',
  '2021-08-01',
  '2021-09-01',
  '2022-05-01',
  '2022-09-01',
  '2023-01-01',
  '2023-04-01',
  '2023-05-01',
  '2024-01-01',
  '2025-01-01',
];
