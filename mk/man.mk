# Man pages: section 3, one per function and macro of liburing.h, generated from the header's
# doc comments by man/mangen.py (the header is their one source), plus the hand-written
# liburing.7 and uring-status.1. Built by `make`, installed under $(mandir), checked by
# check-man (tests/man/check.py: coverage, SYNOPSIS against the header, groff -ww, and
# `man -w` finding the installed pages).
# Prints: man: N pages, every function and macro covered (...)

mandir   ?= $(prefix)/share/man
MAN_DIR  := $(B)/man
# The pages carry the date of the last commit (reproducible); none outside a git checkout.
MAN_DATE := $(shell git log -1 --format=%cs 2>/dev/null)

.PHONY: man install-man uninstall-man check-man

man: $(MAN_DIR)/.stamp

# The hand-written pages: man/<name>.<section>.
MAN_HAND := $(wildcard man/*.[1-8])

$(MAN_DIR)/.stamp: include/liburing.h man/mangen.py $(MAN_HAND)
	rm -rf $(MAN_DIR) && mkdir -p $(MAN_DIR)
	python3 man/mangen.py --strict --header include/liburing.h --out $(MAN_DIR) \
		--date "$(MAN_DATE)" >/dev/null
	for f in $(MAN_HAND); do \
		s=$${f##*.}; mkdir -p $(MAN_DIR)/man$$s && cp $$f $(MAN_DIR)/man$$s/; \
	done
	touch $@

install: install-man
uninstall: uninstall-man

install-man: man
	for d in $(MAN_DIR)/man*; do \
		s=$$(basename $$d); install -d $(DESTDIR)$(mandir)/$$s && \
		cp -P $$d/* $(DESTDIR)$(mandir)/$$s/ && chmod 644 $(DESTDIR)$(mandir)/$$s/*; \
	done

uninstall-man: man
	cd $(MAN_DIR) && for p in man*/*; do rm -f $(DESTDIR)$(mandir)/$$p; done

# The pages as a user finds them: installed into a staging prefix, looked up by man -w.
MAN_STAGE := $(B)/man-stage
check-man: man
	python3 tests/man/check.py --include include --man $(MAN_DIR) --cc $(CC)
	rm -rf $(MAN_STAGE)
	$(MAKE) --no-print-directory -s install-man prefix=$(abspath $(MAN_STAGE)) DESTDIR=
	MANPATH=$(abspath $(MAN_STAGE))/share/man man -w io_uring_prep_read io_uring_queue_init \
		io_uring_peek_batch_cqe io_uring_for_each_cqe liburing uring-status >/dev/null || \
		{ echo "man: man -w does not find the installed pages"; exit 1; }

ALL    += man
CHECKS += check-man
