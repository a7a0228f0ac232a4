import { AjvCompiler, type ValidatorFactory } from '@fastify/ajv-compiler';

type AjvOptions = Parameters<ValidatorFactory>[1];

/**
 * One ajv per part of the request: query strings, params and headers arrive as text, so they may
 * be coerced (`?page=2` → 2); a JSON body arrives typed and is never coerced, so `"consent": 1`
 * is refused rather than read as `true`. Passed as Fastify's `schemaController`; the server's
 * `ajv` options (removeAdditional, useDefaults, coerceTypes for the other parts) still apply.
 */
export function validatorPerPart() {
  const pool = AjvCompiler();
  return {
    compilersFactory: {
      buildValidator(externalSchemas: Parameters<ValidatorFactory>[0], options: AjvOptions) {
        const noCoercion = { ...options, customOptions: { ...options?.customOptions, coerceTypes: false } };
        const body = pool(externalSchemas, noCoercion as AjvOptions);
        const other = pool(externalSchemas, options);
        return (route: Parameters<typeof body>[0]) => (route.httpPart === 'body' ? body(route) : other(route));
      },
    },
  };
}
