import { applyDecorators } from '@nestjs/common';
import { FASTIFY_ROUTE_SCHEMA_METADATA } from '@nestjs/platform-fastify/constants';
import { ApiBody, ApiParam, ApiQuery } from '@nestjs/swagger';
import type { SchemaObject } from '@nestjs/swagger/dist/interfaces/open-api-spec.interface';
import type { TObject, TSchema } from '@sinclair/typebox';

type RoutePart = 'body' | 'querystring' | 'params';

/**
 * Adds one part to the route's Fastify schema, keeping the parts other decorators set:
 * Nest's RouteSchema() replaces the whole schema, so a body and params could not both be set.
 */
function RoutePartSchema(part: RoutePart, schema: TSchema): MethodDecorator {
  return (_target, _key, descriptor: PropertyDescriptor) => {
    const handler = descriptor.value as object;
    const existing = (Reflect.getMetadata(FASTIFY_ROUTE_SCHEMA_METADATA, handler) as Record<string, unknown> | undefined) ?? {};
    Reflect.defineMetadata(FASTIFY_ROUTE_SCHEMA_METADATA, { ...existing, [part]: schema }, handler);
    return descriptor;
  };
}

/** OpenAPI parameters, one per property of an object schema. */
function parametersOf(schema: TObject, add: (name: string, required: boolean, description: string | undefined, schema: SchemaObject) => MethodDecorator): MethodDecorator[] {
  const required = new Set(schema.required ?? []);
  return Object.entries(schema.properties).map(([name, property]) => {
    const { description, ...rest } = property as TSchema & { description?: string };
    return add(name, required.has(name), description, rest as SchemaObject);
  });
}

/**
 * The route's body schema, once: Fastify validates with it (compiled by Ajv, before the
 * handler) and the OpenAPI document publishes the same object, so the two cannot disagree.
 */
export function BodySchema(schema: TSchema, examples?: Record<string, { value: unknown }>): MethodDecorator {
  return applyDecorators(RoutePartSchema('body', schema), ApiBody({ schema: schema as SchemaObject, examples }));
}

/** The route's query string schema, published as one OpenAPI parameter per property. */
export function QuerySchema(schema: TObject): MethodDecorator {
  return applyDecorators(
    RoutePartSchema('querystring', schema),
    ...parametersOf(schema, (name, required, description, property) => ApiQuery({ name, required, description, schema: property })),
  );
}

/** The route's path parameters' schema (`/products/:id`), published the same way. */
export function ParamsSchema(schema: TObject): MethodDecorator {
  return applyDecorators(
    RoutePartSchema('params', schema),
    ...parametersOf(schema, (name, _required, description, property) => ApiParam({ name, required: true, description, schema: property })),
  );
}
