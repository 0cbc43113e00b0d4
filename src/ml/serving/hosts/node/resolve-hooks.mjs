// Module resolution for scoring scripts: packages resolve from the scoring code's own folder first (Node's usual
// rule); a bare specifier that is not found there is resolved again from Cerulean's own installation.
let fallbackParent;

export function initialize(data) {
  fallbackParent = data?.fallbackParent;
}

export async function resolve(specifier, context, next) {
  try {
    return await next(specifier, context);
  } catch (err) {
    const bare = !specifier.startsWith('.') && !specifier.startsWith('/') && !/^[a-z][a-z0-9+.-]*:/i.test(specifier);
    if (!bare || !fallbackParent || err?.code !== 'ERR_MODULE_NOT_FOUND') throw err;
    return next(specifier, { ...context, parentURL: fallbackParent });
  }
}
