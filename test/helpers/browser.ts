// Headless Chromium (Debian's /usr/bin/chromium, driven by playwright-core) and a tiny static
// file server, for tests that run third-party browser clients against tilery.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { chromium } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

/**
 * Software WebGL (ANGLE on SwiftShader), for pages that draw with WebGL such as MapLibre GL JS.
 * There is no GPU here; Debian's Chromium 156 still falls back to SwiftShader on its own (even
 * with `--disable-gpu`), but Chromium has deprecated that automatic fallback: these flags ask
 * for the software renderer explicitly.
 */
export const SOFTWARE_WEBGL_ARGS = ['--use-angle=swiftshader', '--enable-unsafe-swiftshader'];

export interface LaunchOptions {
  /** WebGL through SwiftShader instead of `--disable-gpu` (default false). */
  webgl?: boolean;
}

/** Launches Debian's Chromium headless, without sandbox (tests run as root) and without network chatter. */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    args: [
      '--headless',
      '--no-sandbox',
      ...(options.webgl ? SOFTWARE_WEBGL_ARGS : ['--disable-gpu']),
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

export interface StaticFile {
  /** Content-Type. */
  type: string;
  body: string | Buffer;
}

export interface StaticServer {
  /** http://127.0.0.1:PORT (no trailing slash). */
  url: string;
  close(): Promise<void>;
}

/**
 * Serves `files` (keys are absolute paths such as `/index.html`; the query string is ignored)
 * on 127.0.0.1 and a random port; other paths answer 404, other methods than GET/HEAD 405.
 */
export async function serveStatic(files: Record<string, StaticFile>): Promise<StaticServer> {
  const server = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    const file = Object.hasOwn(files, path) ? files[path] : undefined;
    if (!file) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: ${path}\n`);
      return;
    }
    const body = typeof file.body === 'string' ? Buffer.from(file.body) : file.body;
    res.writeHead(200, {
      'content-type': file.type,
      'content-length': body.length,
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
    });
    res.end(req.method === 'HEAD' ? undefined : body);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      (closing ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()));
        // Keep-alive connections of a browser would hold close() open.
        server.closeAllConnections();
      })),
  };
}
