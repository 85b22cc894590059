import type { FastifyInstance } from 'fastify';

interface KnownRoute {
  pattern: RegExp;
  methods: Set<string>;
}

function patternOf(url: string): RegExp {
  const escaped = url
    .split('/')
    .map((segment) => (segment.startsWith(':') ? '[^/]+' : segment === '*' ? '.*' : segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('/');
  return new RegExp(`^${escaped}$`);
}

/**
 * Which methods each path of the app answers, collected as Fastify registers its routes, so
 * a request with another method on a known path gets 405 with `Allow` (RFC 9110) instead of
 * a 404 that says the path does not exist.
 */
export class AllowedMethods {
  private readonly routes = new Map<string, KnownRoute>();

  /** Call before the app's routes are registered (Nest registers them at init). */
  collectFrom(fastify: FastifyInstance): void {
    fastify.addHook('onRoute', (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      this.add(route.url, methods);
    });
  }

  add(url: string, methods: readonly string[]): void {
    const known = this.routes.get(url) ?? { pattern: patternOf(url), methods: new Set<string>() };
    for (const method of methods) known.methods.add(method.toUpperCase());
    this.routes.set(url, known);
  }

  /** The methods a path answers, sorted; empty for a path no route has. */
  for(path: string): string[] {
    const bare = path.split('?')[0];
    const methods = new Set<string>();
    for (const route of this.routes.values()) {
      if (route.pattern.test(bare)) for (const method of route.methods) methods.add(method);
    }
    return [...methods].sort();
  }
}
