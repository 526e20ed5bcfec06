# make install / uninstall into a staging DESTDIR (prefix=/usr, then a custom
# prefix/libdir/includedir), the installed files and .pc files, programs built through
# pkg-config (shared, and static against liburing.a) and run. Never touches the system.
# Prints: install: N passed, N failed, N skipped

CHECKS += check-install
.PHONY: check-install

check-install: lib
	@MAKE="$(MAKE)" CC="$(CC)" TEST_TIMEOUT=300 sh tests/install-test.sh
