#!/bin/bash
# After-remove script of Subflow's .deb (electron-builder: deb.afterRemove). Reproduces
# electron-builder's own (app-builder-lib/templates/linux/after-remove.tpl) — the /usr/bin link,
# the AppArmor profile — then removes the privileged helper and its polkit policy, and stops,
# disables and removes the agent's systemd unit, but not on an upgrade (deb "upgrade", rpm count >= 1), where the new version's after-install has them.
# electron-builder fills in the two ${…} macros; other variables are written without braces.

app_dir='/opt/${sanitizedProductName}'
executable='${executable}'

# --- electron-builder's duties ---------------------------------------------------------------
if type update-alternatives >/dev/null 2>&1; then
    update-alternatives --remove "$executable" "$app_dir/$executable"
else
    rm -f "/usr/bin/$executable"
fi

profile="/etc/apparmor.d/$executable"
if [ -f "$profile" ]; then
    if apparmor_status --enabled >/dev/null 2>&1; then
        if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
            apparmor_parser --remove "$profile" || true
        fi
    fi
    rm -f "$profile"
fi

# --- Subflow's privileged helper and its polkit policy ----------------------------------------
case "${1:-remove}" in
    remove | purge | 0)
        rm -f /usr/lib/subflow/subflow-helper /usr/share/polkit-1/actions/org.subflow.helper.policy
        rmdir /usr/lib/subflow 2>/dev/null || true
        # The agent: stopped and disabled where systemd runs, its enablement links removed
        # offline elsewhere, then the unit file (the after-install script put it there, not dpkg).
        if [ -d /run/systemd/system ]; then
            systemctl disable --now subflow-agent.service || true
        elif type systemctl >/dev/null 2>&1; then
            systemctl disable subflow-agent.service || true
        fi
        rm -f /lib/systemd/system/subflow-agent.service
        if [ -d /run/systemd/system ]; then
            systemctl daemon-reload || true
        fi
        ;;
esac
