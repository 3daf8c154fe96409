// Track data and card verification codes must never be stored after authorisation, by anyone.
import { cardDataCheck } from './card-data-check.js';

export default cardDataCheck({
  id: 'data-no-sensitive-authentication-data-in-files',
  title: 'No track data or card verification codes in data files',
  severity: 'critical',
  pci: ['3.3.1', '3.3.1.1', '3.3.1.2'],
  rationale:
    'Sensitive authentication data — the magnetic-stripe track, or the card verification code — must not be kept after authorisation, even encrypted (3.3.1). With it, a stolen record is enough to clone a card or pay online. It appears in files when a payment form or a debug log captures the whole request.',
  remediation:
    'Treat it as an incident: find the source (a form posting to your own server, request-body logging), stop it, delete every copy including backups, and review 12.10.7. Re-check with `cdeguard find-pan PATH`.',
  select: (f) => f.sad || f.kind !== 'pan',
  what: 'card numbers with track data or verification codes',
});
