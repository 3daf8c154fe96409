// Outbound default deny on CDE hosts: a compromised CDE host should not be able to send data anywhere.
import { ufwDefaultPolicyCheck } from './ufw-default-policy-check.js';

export default ufwDefaultPolicyCheck({
  id: 'host-ufw-default-deny-outgoing',
  title: 'ufw denies outgoing traffic by default on CDE hosts',
  pci: ['1.3.2'],
  rationale:
    'PCI DSS 1.3.2 limits traffic leaving the CDE to what is needed. With outbound open, malware on a CDE host can send card data to any address. ufw ships with DEFAULT_OUTPUT_POLICY="ACCEPT".',
  remediation:
    'Allow what the host needs (e.g. `sudo ufw allow out 53`, `sudo ufw allow out to 10.116.0.0/20`, `sudo ufw allow out 443/tcp` to your update mirrors and Shopify), then `sudo ufw default deny outgoing` and `sudo ufw reload`.',
  direction: 'outgoing',
  pick: (c) => c.defaults.output,
  key: 'DEFAULT_OUTPUT_POLICY',
  cdeOnly: true,
});
