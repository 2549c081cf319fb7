import { createServer, type AddressInfo } from 'node:net';

/**
 * A port that is free now, as the OS hands it out. A random pick from a range
 * can be the local port of some outgoing connection and fail to bind.
 */
export async function freePort(): Promise<number> {
  const probe = createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise((resolve) => probe.close(resolve));
  return port;
}
