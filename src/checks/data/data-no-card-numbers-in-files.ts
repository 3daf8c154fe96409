// Card numbers must not sit in plain text in files: logs, exports, dumps and backups are where they leak.
import { cardDataCheck } from './card-data-check.js';

export default cardDataCheck({
  id: 'data-no-card-numbers-in-files',
  title: 'No card numbers in plain text in data files',
  severity: 'critical',
  pci: ['3.2.1', '3.5.1', '12.10.7'],
  rationale:
    "A Shopify merchant's own systems are meant never to hold card numbers: Shopify takes the payment. Card numbers still leak into request logs, order exports, support tickets and database dumps. PCI DSS keeps stored account data to what is needed (3.2.1), wants any stored PAN unreadable (3.5.1), and asks for a procedure when PAN turns up where it should not be (12.10.7). Findings are masked (brand and last four); the fingerprint lets you find every copy of the same number without showing it.",
  remediation:
    'Start the 12.10.7 procedure: find how the numbers got there (which service logged or exported them), stop it, then delete the files and every copy (backups, log shipping, object storage). Run `cdeguard find-pan PATH` to re-check. If you truly must store card data, that system is in the CDE and the number must be made unreadable (3.5.1).',
  select: () => true,
  what: 'card numbers',
});
