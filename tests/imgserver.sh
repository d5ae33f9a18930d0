# Sourced by the test scripts that fetch images (from the repository's
# top): imgserver_start DIR SCRATCH runs tests/imgserver.py on
# 127.0.0.1, serving DIR and logging each request to SCRATCH/srv.log,
# and sets srvpid and port (empty when it did not start within 10 s).
# The caller kills $srvpid.
imgserver_start() {
	python3 tests/imgserver.py "$1" "$2/port" "$2/srv.log" &
	srvpid=$!
	i=0
	while [ ! -s "$2/port" ] && [ $i -lt 100 ]; do
		sleep 0.1
		i=$((i + 1))
	done
	port=$(cat "$2/port" 2>/dev/null)
	touch "$2/srv.log"
}
