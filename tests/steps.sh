# Sourced by the test scripts that check in named steps (tests/install-test.sh,
# tests/deb/run.sh). Set $suite first. A step: begin NAME; err MESSAGE... for each problem;
# end [DETAIL] prints PASS NAME (DETAIL) or FAIL NAME with the first 6 problems. skip NAME
# REASON counts a skipped step; summary prints "<suite>: N passed, N failed, N skipped" and
# exits, non-zero when a step failed.

passed=0 failed=0 skipped=0 cur= errs= nerr=0
begin() { cur=$1; errs=; nerr=0; }
err() {
	nerr=$((nerr + 1))
	if [ "$nerr" -le 6 ]; then
		errs="$errs
    - $*"
	fi
}
end() {
	if [ "$nerr" -gt 0 ]; then
		[ "$nerr" -gt 6 ] && errs="$errs
    - ... and $((nerr - 6)) more"
		echo "FAIL $cur:$errs"
		failed=$((failed + 1))
	else
		echo "PASS $cur${1:+ ($1)}"
		passed=$((passed + 1))
	fi
}
skip() { echo "SKIP $1: $2"; skipped=$((skipped + 1)); }
summary() {
	echo "$suite: $passed passed, $failed failed, $skipped skipped"
	[ "$failed" -eq 0 ]
	exit
}
