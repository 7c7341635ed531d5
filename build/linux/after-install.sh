#!/bin/sh
# .deb postinst (electron-builder deb.afterInstall): puts the zone helper and its polkit files where
# the system looks for them, root-owned. The policy, roots and CRLs are the administrator's to deploy.
set -e
RES="/opt/Airlock/resources/zone-helper"
install -d -o root -g root -m 0755 /usr/lib/airlock /etc/airlock /var/lib/airlock /var/lib/airlock/crls
install -o root -g root -m 0644 "$RES/airlock-zone-helper.mjs" /usr/lib/airlock/airlock-zone-helper.mjs
install -o root -g root -m 0755 "$RES/airlock-zone-helper" /usr/lib/airlock/airlock-zone-helper
install -o root -g root -m 0644 "$RES/vn.gov.airlock.zone-helper.policy" /usr/share/polkit-1/actions/vn.gov.airlock.zone-helper.policy
install -d -m 0755 /etc/polkit-1/rules.d
install -o root -g root -m 0644 "$RES/50-airlock-zone-helper.rules" /etc/polkit-1/rules.d/50-airlock-zone-helper.rules
[ -e /etc/airlock/zone-helper.json ] || install -o root -g root -m 0644 "$RES/zone-helper.json" /etc/airlock/zone-helper.json
getent group airlock >/dev/null || groupadd --system airlock
