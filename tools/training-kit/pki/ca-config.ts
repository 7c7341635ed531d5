import { POLICY_SIGNING_EKU } from '../../../electron/core/zones/policy-loader.js';
import { DECLASSIFICATION_EKU } from '../../../electron/core/zones/declassification.js';
/** The crlDistributionPoints URI put in leaves; `.invalid` so nothing can ever fetch it. */
export const TEST_CRL_URL = 'http://crl.airlock.invalid/intermediate.crl';
/** The training CA's: `.invalid` too, the CRLs come with the training workstation. */
export const TRAINING_CRL_URL = 'http://crl.training.airlock.invalid/issuing.crl';

export type CaName = 'root_ca' | 'intermediate_ca' | 'unknown_ca';
export type CertProfile = 'v3_root' | 'v3_intermediate' | 'v3_leaf_rsa' | 'v3_leaf_ec' | 'v3_policy_admin' | 'v3_declass_officer';

/**
 * One `openssl ca` config for the CAs given (selected with `-name`: the test PKI's three, the
 * training CA's two) and the certificate profiles (`-extensions`). Each CA keeps an index.txt
 * database so the intermediate can revoke and publish CRLs.
 */
export function caConfig(caDirs: Readonly<Partial<Record<CaName, string>>>, crlUrl: string = TEST_CRL_URL): string {
  const caSection = (name: CaName): string => `
[ ${name} ]
dir               = ${configPath(caDirs[name] ?? '')}
database          = $dir/index.txt
new_certs_dir     = $dir/issued
certificate       = $dir/ca.pem
private_key       = $dir/ca.key
crlnumber         = $dir/crlnumber
# Random serials: certificates from different fixture instances never share issuer+serial.
rand_serial       = yes
default_md        = sha256
default_days      = 365
default_crl_days  = 30
policy            = policy_any
# Keep the DN exactly as requested (C, O, CN) instead of re-ordering it by the policy.
preserve          = yes
unique_subject    = no
copy_extensions   = none
crl_extensions    = crl_ext
`;
  const sections = (Object.keys(caDirs) as CaName[]).map(caSection).join('');
  return `# Written by tools/training-kit/pki/ca-config.ts for one PKI (a test fixture or a training workstation).
[ ca ]
default_ca = intermediate_ca
${sections}
[ policy_any ]
countryName            = optional
stateOrProvinceName    = optional
localityName           = optional
organizationName       = optional
organizationalUnitName = optional
commonName             = supplied

[ req ]
distinguished_name = req_dn
# Vietnamese names must be UTF8String, never T61String or a PrintableString approximation.
string_mask        = utf8only
utf8               = yes

[ req_dn ]

[ v3_root ]
basicConstraints       = critical, CA:TRUE
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash

[ v3_intermediate ]
basicConstraints       = critical, CA:TRUE, pathlen:0
keyUsage               = critical, keyCertSign, cRLSign
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always

[ v3_leaf_rsa ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, nonRepudiation, keyEncipherment
extendedKeyUsage       = clientAuth, emailProtection
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints  = URI:${crlUrl}

[ v3_leaf_ec ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, nonRepudiation, keyAgreement
extendedKeyUsage       = clientAuth, emailProtection
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints  = URI:${crlUrl}

[ v3_policy_admin ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = ${POLICY_SIGNING_EKU}
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints  = URI:${crlUrl}

[ v3_declass_officer ]
basicConstraints       = critical, CA:FALSE
keyUsage               = critical, digitalSignature, nonRepudiation
extendedKeyUsage       = ${DECLASSIFICATION_EKU}
subjectKeyIdentifier   = hash
authorityKeyIdentifier = keyid:always
crlDistributionPoints  = URI:${crlUrl}

[ crl_ext ]
authorityKeyIdentifier = keyid:always
`;
}

function configPath(dir: string): string {
  // OpenSSL's config syntax expands `$` and treats `#`, quotes and blanks specially; a temp dir never needs them.
  if (!/^[\w./-]+$/.test(dir)) throw new Error(`Cannot use ${dir} in an OpenSSL config: only letters, digits, _ . / - are safe.`);
  return dir;
}
