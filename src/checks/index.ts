// The registry: every check cdeguard runs, listed explicitly and sorted by id, so adding a check is a
// one-line change that review sees, and nothing registers itself as a side effect of an import.
import type { Check } from './kit.js';
import dataNoCardNumbersInFiles from './data/data-no-card-numbers-in-files.js';
import dataNoSensitiveAuthenticationDataInFiles from './data/data-no-sensitive-authentication-data-in-files.js';
import doCdeDropletOutsideCdeVpc from './digitalocean/do-cde-droplet-outside-cde-vpc.js';
import doCdeVpcSharedWithNonCde from './digitalocean/do-cde-vpc-shared-with-non-cde.js';
import doDropletWithoutCloudFirewall from './digitalocean/do-droplet-without-cloud-firewall.js';
import doFirewallAdminPortOpenToInternet from './digitalocean/do-firewall-admin-port-open-to-internet.js';
import doFirewallCdeOutboundUnrestricted from './digitalocean/do-firewall-cde-outbound-unrestricted.js';
import hostUfwDefaultDenyIncoming from './host/host-ufw-default-deny-incoming.js';
import hostUfwDefaultDenyOutgoing from './host/host-ufw-default-deny-outgoing.js';
import hostUfwEnabled from './host/host-ufw-enabled.js';
import sshKbdInteractiveAuthenticationDisabled from './host/ssh-kbd-interactive-authentication-disabled.js';
import sshPasswordAuthenticationDisabled from './host/ssh-password-authentication-disabled.js';
import sshPubkeyAuthenticationEnabled from './host/ssh-pubkey-authentication-enabled.js';
import sshRootLoginDisabled from './host/ssh-root-login-disabled.js';

export const CHECKS: readonly Check[] = [
  dataNoCardNumbersInFiles,
  dataNoSensitiveAuthenticationDataInFiles,
  doCdeDropletOutsideCdeVpc,
  doCdeVpcSharedWithNonCde,
  doDropletWithoutCloudFirewall,
  doFirewallAdminPortOpenToInternet,
  doFirewallCdeOutboundUnrestricted,
  hostUfwDefaultDenyIncoming,
  hostUfwDefaultDenyOutgoing,
  hostUfwEnabled,
  sshKbdInteractiveAuthenticationDisabled,
  sshPasswordAuthenticationDisabled,
  sshPubkeyAuthenticationEnabled,
  sshRootLoginDisabled,
];
