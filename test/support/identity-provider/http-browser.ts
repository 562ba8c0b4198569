/**
 * A small cookie-keeping HTTP "browser" for the sign-in tests under jest: requests to CivicFlow go to
 * the app in process (supertest, no port), everything else to the real identity provider over HTTP.
 * It follows redirects, keeps each site's cookies, and fills in the provider's login form. Paths of
 * cookies are ignored (names do not collide here), expired ones are dropped.
 */
import type Koa from 'koa';
import request from 'supertest';

export interface Page {
  url: string;
  status: number;
  body: string;
  location?: string;
}

type Jar = Map<string, string>;

/** The provider's development login form (a `login` field). */
export function isProviderLoginPage(page: Page): boolean {
  return /<form[^>]*action="[^"]*\/interaction\/[^"]+"/.test(page.body) && /name="login"/.test(page.body);
}

function store(jar: Jar, setCookies: unknown): void {
  const headers =
    typeof setCookies === 'string'
      ? [setCookies]
      : Array.isArray(setCookies)
        ? setCookies.filter((item): item is string => typeof item === 'string')
        : [];
  for (const header of headers) {
    const [pair, ...attributes] = header.split(';');
    const at = pair.indexOf('=');
    const name = pair.slice(0, at).trim();
    const value = pair.slice(at + 1).trim();
    const expired =
      attributes.some(
        (attribute) => /^\s*expires=/i.test(attribute) && Date.parse(attribute.split('=')[1]) < Date.now(),
      ) || attributes.some((attribute) => /^\s*max-age=0\s*$/i.test(attribute));
    if (expired || value === '') jar.delete(name);
    else jar.set(name, value);
  }
}

const cookieHeader = (jar: Jar) => [...jar].map(([name, value]) => `${name}=${value}`).join('; ');

export class HttpBrowser {
  readonly appCookies: Jar = new Map();
  readonly providerCookies: Jar = new Map();

  constructor(
    private readonly app: Koa,
    private readonly publicUrl: string,
  ) {}

  private isApp(url: string): boolean {
    return url.startsWith('/') || url.startsWith(`${this.publicUrl}/`);
  }

  /** One request, no redirect followed. */
  async send(method: 'GET' | 'POST', url: string, form?: Record<string, string>): Promise<Page> {
    if (this.isApp(url)) {
      const path = url.startsWith('/') ? url : url.slice(this.publicUrl.length);
      const call =
        method === 'GET'
          ? request(this.app.callback()).get(path)
          : request(this.app.callback())
              .post(path)
              .type('form')
              .send(form ?? {});
      const response = await call.set('Cookie', cookieHeader(this.appCookies)).redirects(0);
      store(this.appCookies, response.headers['set-cookie']);
      const location = response.headers.location as string | undefined;
      return {
        url: `${this.publicUrl}${path}`,
        status: response.status,
        body: response.text,
        ...(location ? { location: location.startsWith('/') ? `${this.publicUrl}${location}` : location } : {}),
      };
    }
    const response = await fetch(url, {
      method,
      redirect: 'manual',
      headers: {
        cookie: cookieHeader(this.providerCookies),
        ...(form ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
      },
      ...(form ? { body: new URLSearchParams(form).toString() } : {}),
    });
    store(this.providerCookies, response.headers.getSetCookie());
    const location = response.headers.get('location');
    return {
      url,
      status: response.status,
      body: await response.text(),
      ...(location ? { location: new URL(location, url).href } : {}),
    };
  }

  /** Follows redirects to the final page; `stopAt` ends early at the first URL it matches (not requested). */
  async go(
    url: string,
    options: { method?: 'GET' | 'POST'; form?: Record<string, string>; stopAt?: RegExp } = {},
  ): Promise<Page> {
    let page = await this.send(options.method ?? 'GET', url, options.form);
    for (let hops = 0; page.location && hops < 20; hops += 1) {
      if (options.stopAt?.test(page.location)) return page;
      page = await this.send('GET', page.location);
    }
    return page;
  }

  /** On the provider's login form: sign in as `login` (the development form takes any password). */
  async logInAtProvider(page: Page, login: string, options: { stopAt?: RegExp } = {}): Promise<Page> {
    if (!isProviderLoginPage(page))
      throw new Error(`no provider login form at ${page.url} (${page.status}): ${page.body.slice(0, 300)}`);
    const action = /<form[^>]*action="([^"]+)"/.exec(page.body)![1];
    return this.go(new URL(action.replace(/&amp;/g, '&'), page.url).href, {
      method: 'POST',
      form: { prompt: 'login', login, password: 'any' },
      ...options,
    });
  }

  /** The page's form posting to `action`, submitted with its hidden fields plus `extra`. */
  async submitForm(page: Page, action: string | RegExp, extra: Record<string, string> = {}): Promise<Page> {
    const forms = [...page.body.matchAll(/<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/g)];
    const form = forms.find(([, formAction]) =>
      typeof action === 'string' ? formAction === action : action.test(formAction),
    );
    if (!form) throw new Error(`no form posting to ${String(action)} at ${page.url}`);
    const fields: Record<string, string> = {};
    for (const [, name, value] of form[2].matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
      fields[name] = value;
    for (const [, name, value] of form[2].matchAll(/<button[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g))
      fields[name] ??= value;
    return this.go(new URL(form[1].replace(/&amp;/g, '&'), page.url).href, {
      method: 'POST',
      form: { ...fields, ...extra },
    });
  }
}
