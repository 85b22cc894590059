import { applyDecorators } from '@nestjs/common';
import { RouteSchema } from '@nestjs/platform-fastify';
import { ApiBody, ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { TObject, TSchema } from '@sinclair/typebox';

/**
 * The route's body schema, once: Fastify validates with it (compiled by Ajv, before the
 * handler) and the OpenAPI document publishes the same object, so the two cannot disagree.
 */
export function BodySchema(schema: TSchema, examples?: Record<string, { value: unknown }>): MethodDecorator {
  return applyDecorators(RouteSchema({ body: schema }), ApiBody({ schema: schema as SchemaObject, examples }));
}

/** The route's query string schema, published as one OpenAPI parameter per property. */
export function QuerySchema(schema: TObject): MethodDecorator {
  const required = new Set(schema.required ?? []);
  const parameters = Object.entries(schema.properties).map(([name, property]) => {
    const { description, ...rest } = property as TSchema & { description?: string };
    return ApiQuery({ name, required: required.has(name), description, schema: rest as SchemaObject });
  });
  return applyDecorators(RouteSchema({ querystring: schema }), ...parameters);
}
