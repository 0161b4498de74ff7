#!/bin/bash
# Sets up Sluice on a fresh Debian 12 machine (run as root from the source
# tree).  Usage:
#   utilities/setup-debian.sh demo    install, build, run the demo topology
#   utilities/setup-debian.sh check   install, build, run the whole test suite
# Both steps are idempotent.  The packages it installs are listed below,
# split into what building needs and what the tests' real peers need.
set -eu
cd "$(dirname "$0")/.."

BUILD_PACKAGES="autoconf automake make gcc pkg-config libevent-dev
    libsqlite3-dev libyaml-dev libssl-dev libcmocka-dev libjansson-dev
    libpcap-dev"
RUN_PACKAGES="iproute2 iputils-ping procps"
TEST_PACKAGES="openvswitch-common iperf3 tcpdump tshark python3
    python3-os-ken sqlite3 ethtool openvswitch-testcontroller"

install_packages() {
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    # shellcheck disable=SC2086
    apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

build() {
    autoreconf -fi >/dev/null
    if [ ! -f Makefile ]; then
        ./configure --enable-werror -q
    fi
    make -s -j"$(nproc)"
}

case "${1:-}" in
demo)
    # shellcheck disable=SC2086
    install_packages $BUILD_PACKAGES $RUN_PACKAGES
    build
    make -s install
    exec utilities/sluice-demo.sh start
    ;;
check)
    # shellcheck disable=SC2086
    install_packages $BUILD_PACKAGES $RUN_PACKAGES $TEST_PACKAGES
    build
    exec tests/run-all.sh
    ;;
*)
    echo "usage: $0 demo|check" >&2
    exit 2
    ;;
esac
