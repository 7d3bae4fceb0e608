# shellcheck shell=bash
# Shared steps of setup/start, setup/test and setup/lint: find Odoo 19.0,
# make the Python environment, make sure PostgreSQL answers, write the
# Odoo configuration.  Sourced, never run.
set -euo pipefail

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
HOME=${HOME:-$(getent passwd "$(id -u)" | cut -d: -f6)}
RGPD_HOME=${RGPD_HOME:-${XDG_DATA_HOME:-$HOME/.local/share}/rgpd-odoo}
RGPD_ADDONS=rgpd_consent,rgpd_retention,rgpd_dsar
# The apps a company runs beside the suite: its CRM and Email Marketing
# (dependencies of rgpd_consent), its invoicing and its text messages (sms;
# calendar comes with crm), so that the demo and
# test databases show and test the suite where people work.
RGPD_APPS=account,sms
ODOO_BRANCH=19.0
ODOO_GIT=${ODOO_GIT:-https://github.com/odoo/odoo.git}
mkdir -p "$RGPD_HOME"

log() { printf '[rgpd] %s\n' "$*" >&2; }
die() { printf '[rgpd] ERROR: %s\n' "$*" >&2; exit 1; }

# Run a command as root (directly, or through sudo without a prompt).
as_root() {
    if [ "$(id -u)" = 0 ]; then "$@"; elif sudo -n true 2>/dev/null; then sudo -n "$@"; else return 1; fi
}

is_odoo_19() {
    [ -f "$1/odoo-bin" ] && grep -Eq "^version_info = \(${ODOO_BRANCH%.*}, ${ODOO_BRANCH#*.}," "$1/odoo/release.py" 2>/dev/null
}

# Odoo's source: $ODOO_SRC, else the one an earlier run remembered, else a
# shallow clone of the official 19.0 branch.
find_odoo() {
    local remembered="$RGPD_HOME/odoo_src" clone="$RGPD_HOME/odoo-$ODOO_BRANCH"
    if [ -n "${ODOO_SRC:-}" ]; then
        is_odoo_19 "$ODOO_SRC" || die "ODOO_SRC=$ODOO_SRC is not an Odoo $ODOO_BRANCH source tree (odoo-bin and odoo/release.py expected)."
    elif [ -f "$remembered" ] && is_odoo_19 "$(cat "$remembered")"; then
        ODOO_SRC=$(cat "$remembered")
    elif is_odoo_19 "$clone"; then
        ODOO_SRC=$clone
    else
        log "Odoo $ODOO_BRANCH not found: cloning $ODOO_GIT (shallow) into $clone"
        rm -rf "$clone"
        if ! git clone --quiet --depth 1 --branch "$ODOO_BRANCH" "$ODOO_GIT" "$clone" || ! is_odoo_19 "$clone"; then
            rm -rf "$clone"
            die "Odoo $ODOO_BRANCH Community source cannot be found. Get it (git clone --depth 1 --branch $ODOO_BRANCH $ODOO_GIT) and run again with ODOO_SRC=/path/to/odoo (the folder holding odoo-bin)."
        fi
        ODOO_SRC=$clone
    fi
    ODOO_SRC=$(cd "$ODOO_SRC" && pwd)
    echo "$ODOO_SRC" > "$remembered"
    export ODOO_SRC
}

# Debian packages the suite needs beyond Python: headers to build Odoo's
# requirements, Chromium for the tours, wkhtmltopdf for PDF reports.
ensure_system_packages() {
    local missing=()
    for header in /usr/include/postgresql/libpq-fe.h:libpq-dev /usr/include/lber.h:libldap2-dev /usr/include/sasl/sasl.h:libsasl2-dev; do
        [ -e "${header%%:*}" ] || missing+=("${header#*:}")
    done
    command -v chromium >/dev/null || command -v google-chrome >/dev/null || command -v chromium-browser >/dev/null \
        || missing+=(chromium)
    command -v wkhtmltopdf >/dev/null || missing+=(wkhtmltopdf)
    [ ${#missing[@]} -eq 0 ] && return 0
    log "installing Debian packages: ${missing[*]}"
    if ! command -v apt-get >/dev/null || ! as_root env DEBIAN_FRONTEND=noninteractive sh -c \
        "apt-get update -qq && apt-get install -y -qq --no-install-recommends ${missing[*]}" >"$RGPD_HOME/apt.log" 2>&1; then
        die "could not install ${missing[*]} (see $RGPD_HOME/apt.log); install them with your package manager and run again."
    fi
}

# The virtual environment, keyed by what goes in it so that every clone on
# this machine shares it and a change of requirements builds a new one.
ensure_venv() {
    local python=${PYTHON:-python3} key
    "$python" -c 'import sys; sys.exit(sys.version_info < (3, 10))' \
        || die "Python >= 3.10 is needed ($python is $("$python" --version 2>&1))."
    key=$( { "$python" --version; cat "$ODOO_SRC/requirements.txt" "$REPO/setup/requirements-dev.txt" "$REPO/setup/odoo_requirements.py"; } 2>&1 | sha256sum | cut -c1-12)
    VENV="$RGPD_HOME/venv-$key"
    # One build at a time: a second run waits for the first one's venv.
    exec 9>"$RGPD_HOME/venv.lock"
    flock 9
    if [ ! -f "$VENV/.complete" ]; then
        log "making the Python environment $VENV (Odoo's requirements, pytest-odoo, linters)"
        rm -rf "$VENV"
        "$python" -m venv "$VENV"
        local pip_log="$RGPD_HOME/pip.log"
        {
            "$VENV/bin/python" -m pip install --upgrade pip setuptools wheel \
            && "$VENV/bin/python" "$REPO/setup/odoo_requirements.py" "$ODOO_SRC/requirements.txt" \
            && "$VENV/bin/python" -m pip install -r "$REPO/setup/requirements-dev.txt"
        } >"$pip_log" 2>&1 || { tail -30 "$pip_log" >&2; die "making the Python environment failed (log: $pip_log)."; }
        touch "$VENV/.complete"
    fi
    flock -u 9
    # Odoo is importable from the venv, wherever its source is.
    "$VENV/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])' \
        | xargs -I{} sh -c "echo '$ODOO_SRC' > '{}/odoo-src.pth'"
    "$VENV/bin/python" -c 'import odoo.release as r; assert r.version_info[:2] == (19, 0)' \
        || die "Odoo cannot be imported from $ODOO_SRC."
    export PATH="$VENV/bin:$PATH"
}

# PostgreSQL answers on its local socket, and this user has a role there.
ensure_postgres() {
    command -v psql >/dev/null \
        || die "PostgreSQL is not installed. On Debian/Ubuntu: sudo apt-get install postgresql (13 or newer), then run again."
    if ! pg_isready -q; then
        command -v pg_lsclusters >/dev/null \
            || die "PostgreSQL is not running: start it (e.g. sudo systemctl start postgresql) and run again."
        log "starting PostgreSQL"
        pg_lsclusters --no-header | while read -r version cluster _; do
            as_root pg_ctlcluster "$version" "$cluster" start || true
        done
        for _ in $(seq 30); do pg_isready -q && break; sleep 1; done
        pg_isready -q || die "PostgreSQL did not start: see /var/log/postgresql/."
    fi
    if ! psql -d postgres -tAc 'SELECT 1' >/dev/null 2>&1; then
        log "creating the PostgreSQL role $(id -un)"
        as_root su postgres -c "createuser --createdb '$(id -un)'" \
            || die "could not create a PostgreSQL role for $(id -un): run 'sudo -u postgres createuser --createdb $(id -un)'."
    fi
}

# The Odoo configuration of this clone.
write_odoo_config() {
    ODOO_CONF="$REPO/.local/odoo.conf"
    mkdir -p "$REPO/.local" "$RGPD_HOME/data"
    cat > "$ODOO_CONF" <<CONF
[options]
addons_path = $ODOO_SRC/addons,$REPO
data_dir = $RGPD_HOME/data
http_interface = 127.0.0.1
http_port = ${RGPD_HTTP_PORT:-8069}
admin_passwd = ${RGPD_MASTER_PASSWORD:-rgpd-admin}
max_cron_threads = 1
CONF
    export ODOO_CONF
}

prepare() {
    find_odoo
    ensure_system_packages
    ensure_venv
    ensure_postgres
    write_odoo_config
}

odoo_bin() { "$VENV/bin/python" "$ODOO_SRC/odoo-bin" -c "$ODOO_CONF" "$@"; }

# Install the three addons and $RGPD_APPS in database $1 (extra odoo-bin options follow) and
# fail when the install log has a WARNING or ERROR line.
install_addons() {
    local db=$1 logfile="$REPO/.local/install-$1.log"; shift
    # Odoo appends to its log file: a former install's lines must not count.
    rm -f "$logfile"
    odoo_bin -d "$db" -i "$RGPD_APPS,$RGPD_ADDONS" --stop-after-init --logfile "$logfile" "$@" \
        || { tail -50 "$logfile" >&2; die "installing the addons in $db failed (log: $logfile)."; }
    if grep -E '^[0-9-]+ [0-9:,]+ [0-9]+ (WARNING|ERROR|CRITICAL) ' "$logfile" >&2; then
        die "installing the addons logged the WARNING/ERROR lines above (log: $logfile)."
    fi
}
