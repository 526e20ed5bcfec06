# Debian packages. `make deb` builds build/deb/<package>_<version>_<arch>.deb for liburing2,
# liburing-ffi2, liburing-dev and uring-status with dpkg-deb (packaging/deb/build.sh: `make
# install` with prefix=/usr, the multiarch libdir and mandir=/usr/share/man into build/deb/stage,
# then split; no root or fakeroot needed). check-deb builds them and inspects them, then
# installs them into throwaway dpkg roots, alone and over Debian's own liburing packages
# (tests/deb/run.sh). Not in the default goal. Needs dpkg-deb; uses dpkg-dev and lintian
# when installed.
# Prints: deb: N passed, N failed, N skipped
#
# Version: upstream "2.15+rust", Debian revision DEB_REVISION. It sorts above every Debian
# revision of liburing 2.15 (2.15-1, 2.15-1+b1, ...) and below Debian's next upstream release
# (2.16-1), which would then replace it. No epoch: an epoch ("1:2.15-1") would win over every
# future Debian liburing for good, could never be taken back (dpkg compares epochs first), and
# would leak into the dependencies of everything built against these packages; pin the
# packages instead (apt_preferences) to keep them over a newer Debian liburing.
DEB_REVISION   ?= 1
DEB_VERSION    := $(VERSION)+rust-$(DEB_REVISION)
DEB_MAINTAINER ?= liburing in Rust maintainers <maintainers@users.noreply.h-seed-9c37962f.example>
DEB_DIR        := $(B)/deb
DEB_BUILD       = MAKE="$(MAKE)" CC="$(CC)" VERSION=$(VERSION) DEB_VERSION=$(DEB_VERSION) \
                  DEB_MAINTAINER="$(DEB_MAINTAINER)" V=$(V) sh packaging/deb/build.sh $(DEB_DIR)

CHECKS += check-deb
.PHONY: deb check-deb

deb: lib $(URING_STATUS)
	@mkdir -p $(DEB_DIR)
	@$(DEB_BUILD)

check-deb: lib $(URING_STATUS)
	@if ! command -v dpkg-deb >/dev/null 2>&1; then \
		echo "deb: skipped, dpkg-deb is not installed (not a Debian system)"; \
	else \
		mkdir -p $(DEB_DIR) && \
		{ $(DEB_BUILD) >$(B)/deb-build.log 2>&1 || \
		  { tail -n 20 $(B)/deb-build.log; echo "deb: 0 passed, 1 failed, 0 skipped (make deb failed)"; exit 1; }; } && \
		MAKE="$(MAKE)" CC="$(CC)" VERSION=$(VERSION) DEB_VERSION=$(DEB_VERSION) TEST_TIMEOUT=60 \
			sh tests/deb/run.sh $(DEB_DIR); \
	fi
