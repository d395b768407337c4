import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.json': 'application/json',
};

export interface StaticSite {
  server: Server;
  origin: string;
  /** Requests served, by path (tests count fetches with it). */
  hits: Map<string, number>;
  close(): Promise<void>;
}

/** Serves a folder on 127.0.0.1 (the offline demo site and the tests' sites); 404 for anything else. */
export async function serveStaticSite(root: string, port = 0): Promise<StaticSite> {
  const hits = new Map<string, number>();
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url ?? '/', 'http://127.0.0.1').pathname);
    hits.set(pathname, (hits.get(pathname) ?? 0) + 1);
    const relative = pathname.endsWith('/') ? `${pathname}index.html` : pathname;
    const file = path.join(root, path.normalize(relative).replace(/^(\.\.[/\\])+/, ''));
    if (!file.startsWith(root)) {
      res.writeHead(403).end();
      return;
    }
    readFile(file).then(
      (body) => {
        const type = TYPES[path.extname(file)] ?? 'application/octet-stream';
        // Like a real web server, text goes gzip-compressed to clients that accept it.
        if (type.startsWith('text/') && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
          res.writeHead(200, { 'content-type': type, 'content-encoding': 'gzip', vary: 'accept-encoding' }).end(gzipSync(body));
          return;
        }
        res.writeHead(200, { 'content-type': type }).end(body);
      },
      () => res.writeHead(404, { 'content-type': 'text/html; charset=utf-8' }).end('<html><body><h1>404 Not Found</h1></body></html>'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  const origin = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : port}`;
  return {
    server,
    origin,
    hits,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
