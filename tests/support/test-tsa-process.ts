// The loopback test authority (test-tsa.ts) as a process of its own, so it can run inside another
// network namespace (`ip netns exec <zone> node --import tsx test-tsa-process.ts '<json>'`): a zone's
// timestamp server that only that zone's network reaches. Prints one JSON line when listening
// ({ url }), then one per query answered ({ from }: the peer address). Ends with its stdin.
import { startTestTsa, type TsaCertificate } from './test-tsa.js';

const { dir, certificate, host, port } = JSON.parse(process.argv[2] ?? '') as { dir: string; certificate: TsaCertificate; host: string; port: number };
const tsa = await startTestTsa(dir, certificate, { host, port, onQuery: (from) => process.stdout.write(`${JSON.stringify({ from })}\n`) });
process.stdout.write(`${JSON.stringify({ url: tsa.url })}\n`);
process.stdin.resume();
process.stdin.on('end', () => void tsa.close().then(() => process.exit(0)));
