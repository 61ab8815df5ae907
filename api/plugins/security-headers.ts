// Security headers on every answer (@fastify/helmet): a Content-Security-Policy the dashboard
// works under, nosniff, and no framing. The page keeps an API key in the browser, so script may
// only come from this server (no inline script, no eval) and no other site may frame it.
import helmet from '@fastify/helmet'
import type { FastifyInstance } from 'fastify'

/** The CSP directives (also asserted by test/security.test.ts). */
export const cspDirectives = {
  defaultSrc: ["'self'"],
  baseUri: ["'self'"],
  scriptSrc: ["'self'"],
  scriptSrcAttr: ["'none'"],
  // Observable Plot writes a <style> element and style attributes into every SVG it draws, and
  // Swagger UI sets style attributes: styles may be inline, scripts may not.
  styleSrc: ["'self'", "'unsafe-inline'"],
  // The favicon is `data:,`; Swagger UI draws its icons as data: images.
  imgSrc: ["'self'", 'data:'],
  fontSrc: ["'self'"],
  connectSrc: ["'self'"],
  objectSrc: ["'none'"],
  formAction: ["'self'"],
  frameAncestors: ["'none'"],
  // Helmet's default would upgrade every request to https: the server speaks plain http
  // (localhost, or behind a TLS proxy), where that would break every API call of the page.
  upgradeInsecureRequests: null,
}

/** Registers @fastify/helmet on the root instance: every answer, errors included, carries the headers. */
export async function registerSecurityHeaders(app: FastifyInstance): Promise<void> {
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: cspDirectives },
    frameguard: { action: 'deny' },
    // TLS is the proxy's business: an HSTS header from here would pin every subdomain of
    // whatever host name the server is reached by.
    strictTransportSecurity: false,
  })
}
