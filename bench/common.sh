# What bench/archive.sh and bench/spark.sh begin with, sourced by both: the repository's root as the working
# directory, ../shared/data (TRICHOME_DATA) or a printed skip, the command-line tool and the archive generator
# built, and the machine described. Sets `here` (bench/), `root`, `data`, `bin` (trichome) and `generate`
# (bench/examples/gen_archive.rs, which builds archives from ../shared/data at run time).
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(dirname "$here")"
cd "$root"
data="${TRICHOME_DATA:-../shared/data}"
if [ ! -d "$data/campaigns/ira/authors" ]; then
    echo "skipping: $data/campaigns/ira/authors not found"
    exit 0
fi
cargo build --quiet --profile cli -p trichome --bin trichome
cargo build --quiet --profile cli -p trichome-bench --example gen_archive
bin="$root/target/cli/trichome"
generate="$root/target/cli/examples/gen_archive"

# The machine a run was on: its cores and how busy it was (the machine is shared; numbers vary with load).
machine() {
    echo "machine: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
}
