#!/bin/bash
# After-install script of Subflow's .deb (electron-builder: deb.afterInstall). A custom script
# replaces electron-builder's own (app-builder-lib/templates/linux/after-install.tpl), so its
# duties are reproduced first: the /usr/bin link, chrome-sandbox's mode, the desktop and MIME
# databases, the AppArmor profile. Then Subflow's own: the privileged helper and its polkit
# policy, and the agent's systemd unit (installed, not enabled). electron-builder fills in the two ${…} macros below; every other shell variable is
# written without braces so the macro expansion leaves it alone.

app_dir='/opt/${sanitizedProductName}'
executable='${executable}'

# --- electron-builder's duties ---------------------------------------------------------------
if type update-alternatives >/dev/null 2>&1; then
    # Remove a previous link that does not use update-alternatives
    if [ -L "/usr/bin/$executable" ] && [ -e "/usr/bin/$executable" ] &&
        [ "$(readlink "/usr/bin/$executable")" != "/etc/alternatives/$executable" ]; then
        rm -f "/usr/bin/$executable"
    fi
    update-alternatives --install "/usr/bin/$executable" "$executable" "$app_dir/$executable" 100 ||
        ln -sf "$app_dir/$executable" "/usr/bin/$executable"
else
    ln -sf "$app_dir/$executable" "/usr/bin/$executable"
fi

# chrome-sandbox needs the SUID bit only where unprivileged user namespaces do not work.
if ! { [[ -L /proc/self/ns/user ]] && unshare --user true; }; then
    chmod 4755 "$app_dir/chrome-sandbox" || true
else
    chmod 0755 "$app_dir/chrome-sandbox" || true
fi

if hash update-mime-database 2>/dev/null; then
    update-mime-database /usr/share/mime || true
fi
if hash update-desktop-database 2>/dev/null; then
    update-desktop-database /usr/share/applications || true
fi

# AppArmor profile (Ubuntu 24+), only where this AppArmor accepts it.
if apparmor_status --enabled >/dev/null 2>&1; then
    profile_source="$app_dir/resources/apparmor-profile"
    profile_target="/etc/apparmor.d/$executable"
    if apparmor_parser --skip-kernel-load --debug "$profile_source" >/dev/null 2>&1; then
        cp -f "$profile_source" "$profile_target"
        if ! { [ -x /usr/bin/ischroot ] && /usr/bin/ischroot; } && hash apparmor_parser 2>/dev/null; then
            apparmor_parser --replace --write-cache --skip-read-cache "$profile_target"
        fi
    else
        echo "Skipping the installation of the AppArmor profile as this version of AppArmor does not seem to support the bundled profile"
    fi
fi

# --- Subflow's privileged helper and its polkit policy ----------------------------------------
install -D -m 0755 "$app_dir/resources/helper/subflow-helper" /usr/lib/subflow/subflow-helper
install -D -m 0644 "$app_dir/resources/polkit/org.subflow.helper.policy" \
    /usr/share/polkit-1/actions/org.subflow.helper.policy

# --- Subflow's agent as a systemd unit: installed, not enabled ---------------------------------
# `sudo systemctl enable --now subflow-agent` starts it. systemctl only where systemd runs (not
# in a chroot or a container without it); an agent already running is restarted on the new code.
install -D -m 0644 "$app_dir/resources/systemd/subflow-agent.service" \
    /lib/systemd/system/subflow-agent.service
if [ -d /run/systemd/system ]; then
    systemctl daemon-reload || true
    systemctl try-restart subflow-agent.service || true
fi
