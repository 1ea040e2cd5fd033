// A local port where nothing listens (ECONNREFUSED): one the OS just handed out and took back. Low ports
// such as 1 are no good: fetch refuses them itself ("bad port") before connecting.
import net from 'node:net';

export function closedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}
