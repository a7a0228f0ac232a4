/** The API routes to fuzz, read from the OpenAPI document the server publishes. */

export interface Route {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  /** Names of the JSON body's properties (empty when the route takes no body). */
  bodyFields: string[];
  /** Names of the query parameters. */
  queryParams: string[];
}

export const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

export function routesOf(spec: unknown): Route[] {
  if (!isRecord(spec) || !isRecord(spec.paths)) throw new Error('not an OpenAPI document');
  const routes: Route[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    if (!isRecord(item)) continue;
    for (const method of METHODS) {
      const op = item[method];
      if (!isRecord(op)) continue;
      let bodyFields: string[] = [];
      const schema =
        isRecord(op.requestBody) && isRecord(op.requestBody.content)
          ? op.requestBody.content['application/json']
          : undefined;
      if (isRecord(schema) && isRecord(schema.schema) && isRecord(schema.schema.properties)) {
        bodyFields = Object.keys(schema.schema.properties);
      }
      const queryParams = Array.isArray(op.parameters)
        ? op.parameters.filter((p) => isRecord(p) && p.in === 'query').map((p) => String((p as { name: unknown }).name))
        : [];
      routes.push({ method: method.toUpperCase() as Route['method'], path, bodyFields, queryParams });
    }
  }
  return routes;
}
