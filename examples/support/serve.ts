import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';

/**
 * Starts a Nest example app on PORT (default 3000) and HOST (default 127.0.0.1), closing it cleanly on
 * SIGINT/SIGTERM; prints its URL with `path`.
 */
export function serve(module: Parameters<typeof NestFactory.create>[0], name: string, path: string): void {
  (async () => {
    const app = await NestFactory.create(module);
    app.enableShutdownHooks();
    await app.listen(Number(process.env.PORT ?? 3000), process.env.HOST ?? '127.0.0.1');
    console.log(`${name} example listening on ${await app.getUrl()}${path}`);
  })().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
