import fs from 'node:fs';
import path from 'node:path';
import express from 'express';
import jwt from 'jsonwebtoken';
import pg from 'pg';
import { createCube } from './cube.js';
import { evaluationRoute } from './evaluation.js';
import { spcRoute } from './spc.js';

export interface AppOptions {
  databaseUrl: string;
  apiSecret: string;
  /** Built dashboard (index.html and assets); served at '/'. */
  dashboardDir: string;
  issueTokens: boolean;
  tokenHours: number;
  log: (message: string) => void;
}

export interface App {
  handler: express.Express;
  close(): Promise<void>;
}

export async function createApp(options: AppOptions): Promise<App> {
  const cube = createCube(options);
  const app = express();
  app.disable('x-powered-by');
  app.use('/cubejs-api', express.json({ limit: '1mb' }), stripStackTraces);

  app.get('/api/token', (_request, response) => {
    if (!options.issueTokens) {
      response.status(404).json({ error: 'This deployment does not issue tokens; sign in through your organisation.' });
      return;
    }
    const expiresIn = Math.round(options.tokenHours * 3600);
    const token = jwt.sign({ scope: 'dashboard' }, options.apiSecret, {
      algorithm: 'HS256',
      expiresIn,
      subject: 'dashboard',
    });
    response
      .set('Cache-Control', 'no-store')
      .json({ token, expiresAt: new Date(Date.now() + expiresIn * 1000).toISOString() });
  });
  // Routes that read the warehouse themselves (not through Cube): one small pool, authorised as the Cube API is.
  const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 4 });
  // An idle connection the database drops (a restart) must not take the server down; the next query reconnects.
  pool.on('error', (error) => options.log(`warehouse connection lost: ${error.message}`));
  app.get('/api/evaluation', evaluationRoute({ pool, apiSecret: options.apiSecret }));
  app.get('/api/spc', spcRoute({ pool, apiSecret: options.apiSecret }));
  app.get('/healthz', (_request, response) => {
    response.json({ status: 'ok' });
  });

  // Before Cube, whose production mode answers '/' with a notice of its own.
  app.use(express.static(options.dashboardDir, { index: 'index.html', maxAge: '1h' }));
  await cube.mount(app);

  const indexHtml = path.join(options.dashboardDir, 'index.html');
  app.get(/^\/(?!cubejs-api|api\/).*/, (_request, response) => {
    if (fs.existsSync(indexHtml)) response.sendFile(indexHtml);
    else response.status(503).send('The dashboard has not been built: run `npm run build`.');
  });

  return {
    handler: app,
    close: async () => {
      await cube.release();
      await pool.end();
    },
  };
}

/** Cube's production error responses still carry a stack trace with server paths; users get the message only. */
function stripStackTraces(_request: express.Request, response: express.Response, next: express.NextFunction): void {
  const json = response.json.bind(response);
  response.json = (body: unknown) => {
    if (body && typeof body === 'object' && 'stack' in body) {
      const { stack: _stack, ...rest } = body as Record<string, unknown>;
      return json(rest);
    }
    return json(body);
  };
  next();
}
