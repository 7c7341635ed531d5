// The messaging servers' TLS certificates, made with openssl: a root the client pins and a server
// certificate for loopback from it, and an unknown root with its own server certificate, for the
// "untrusted server" case. EC P-256 keys in files: a server key does not live on a token.
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { runTool } from '../softhsm/run-tool.js';

export interface ServerPki {
  readonly rootPem: string;
  readonly rootFile: string;
  /** Signed by the root: serverAuth and clientAuth (cluster routes verify each other), SAN 127.0.0.1 and localhost. */
  readonly server: { readonly certFile: string; readonly keyFile: string };
  /** A server certificate from an unknown root, otherwise the same. */
  readonly untrustedServer: { readonly certFile: string; readonly keyFile: string; readonly rootFile: string };
}

const serverExtensions = (ips: readonly string[]): string =>
  ['basicConstraints=critical,CA:FALSE', 'keyUsage=critical,digitalSignature', 'extendedKeyUsage=serverAuth,clientAuth', `subjectAltName=${['127.0.0.1', ...ips].map((ip) => `IP:${ip}`).join(',')},DNS:localhost`].join('\n');

const openssl = async (dir: string, args: readonly string[]): Promise<void> => {
  await runTool('openssl', args, {}, dir);
};

async function makeRoot(dir: string, name: string, cn: string): Promise<{ cert: string; key: string }> {
  const [cert, key] = [path.join(dir, `${name}.pem`), path.join(dir, `${name}.key`)];
  await openssl(dir, [
    'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', key, '-out', cert,
    '-days', '30', '-utf8', '-subj', `/C=VN/O=Airlock Test PKI/CN=${cn}`,
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign',
  ]);
  return { cert, key };
}

async function makeServer(dir: string, name: string, root: { cert: string; key: string }, ips: readonly string[]): Promise<{ certFile: string; keyFile: string }> {
  const [certFile, keyFile, csr, ext] = ['pem', 'key', 'csr', 'ext'].map((suffix) => path.join(dir, `${name}.${suffix}`)) as [string, string, string, string];
  await writeFile(ext, `${serverExtensions(ips)}\n`);
  await openssl(dir, ['req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', keyFile, '-out', csr, '-subj', '/C=VN/O=Airlock Test PKI/CN=nats.airlock.test']);
  await openssl(dir, ['x509', '-req', '-in', csr, '-CA', root.cert, '-CAkey', root.key, '-CAcreateserial', '-days', '30', '-extfile', ext, '-out', certFile]);
  return { certFile, keyFile };
}

/** `ips`: addresses besides loopback the server certificate names (a server on a zone's network). */
export async function createServerPki(dir: string, ips: readonly string[] = []): Promise<ServerPki> {
  const [root, unknownRoot] = await Promise.all([makeRoot(dir, 'root', 'Airlock Messaging Test Root'), makeRoot(dir, 'unknown-root', 'Unknown Root')]);
  const [server, untrusted] = await Promise.all([makeServer(dir, 'server', root, ips), makeServer(dir, 'untrusted-server', unknownRoot, ips)]);
  return { rootPem: await readFile(root.cert, 'utf8'), rootFile: root.cert, server, untrustedServer: { ...untrusted, rootFile: unknownRoot.cert } };
}
