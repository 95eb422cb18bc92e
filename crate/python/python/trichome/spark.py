"""Archive mode inside Apache Spark: the same verdicts as ``trichome score``, with the cross-account step as
Spark's own shuffles and joins, so an archive larger than one machine is scored where it already lives.

The steps are archive mode's (``crate/src/archive/``), each with the core doing what the core does
(``trichome._core``) and Spark moving what archive mode spills to disk:

1. **Read** every input file in a task of its own, in any format the command line reads (the releases'
   gzip and zip files are not splittable; a release is many files). Observations are numbered in input order.
2. **Fingerprint** every post the copy search reads (the core's normalising, shingling and MinHash).
3. **Identical sketches**: ``reduceByKey(min)`` on the sketch key gives each post its group's first post.
4. **Band keys grouped** (``groupByKey`` on each band key of each group's first post, the shuffle), candidate
   pairs within a bucket (each post and the ones just before it: the core's ``copies::bucket_pairs``, as
   archive mode pairs them), **confirmed** by the core after two joins bring the pair's records together.
5. **Connected components** by min-label propagation with pointer jumping, one join per round.
6. **Clusters**: the components of two or more posts, cut into the batches archive mode cuts (the driver has
   the core's ``copies::cluster_batches`` assign one to each component from its size alone), built by the
   core's index per batch.
7. **Joint findings** other than copies (creation batches, synchronised bursts) from each account's profile
   and newest post times; these two run on the driver, as one sorted sweep each, like archive mode.
8. **Verdicts**: ``cogroup`` by account brings each account its observations, its clusters with the
   partners' handles and copy counts, and what chance predicts over the whole archive; the core's engine
   gives the verdicts of a partition's accounts at once. The clusters arrive in whatever order the shuffle
   brings them: the core holds them in its own order (``signals::CrossAccount``), the one a verdict reads
   them in, as the command line's are (issue #14).

Nothing is collected to the driver but the joint findings' inputs of step 7 (a profile and at most 400 post
times per account) and the size of each component (step 6).

Usage::

    from pyspark import SparkContext
    from trichome.spark import score
    sc = SparkContext("local[*]", "trichome")
    for key, verdict_json in score(sc, ["tweets-1.csv.gz", "tweets-2.csv.gz"]).collect():
        ...
"""

import json
from operator import add

from . import _core

# The newest posts of each account the per-account signals read, and so the post times bursts read: the core's
# bound, read once per Python worker rather than once per account.
POSTS_PER_ACCOUNT = _core.posts_per_account()


def _read(path_and_options):
    path, fmt, observed_at = path_and_options
    return _core.read_file(path, fmt, observed_at)


def _copy_record(numbered):
    number, line = numbered
    made = _core.copy_record(line, number)
    return [] if made is None else [(number, made)]


def _components(edges, nodes, partitions, max_rounds=10_000):
    """Each node's smallest connected number: min-label propagation along ``edges`` (both ways) with pointer
    jumping, until a round changes nothing. Rounds: about the logarithm of the longest chain of links."""
    both = edges.flatMap(lambda e: [e, (e[1], e[0])]).distinct(partitions).cache()
    labels = nodes.map(lambda n: (n, n)).partitionBy(partitions).cache()
    for _ in range(max_rounds):
        spread = both.join(labels, partitions).map(lambda kv: (kv[1][0], kv[1][1]))
        moved = labels.union(spread).reduceByKey(min, partitions)
        # Pointer jumping: a node takes its label's label (always in its component, never larger).
        jumped = (
            moved.map(lambda kv: (kv[1], kv[0]))
            .join(moved, partitions)
            .map(lambda kv: (kv[1][0], min(kv[0], kv[1][1])))
            .partitionBy(partitions)
            .cache()
        )
        changed = jumped.join(labels, partitions).filter(lambda kv: kv[1][0] != kv[1][1]).count()
        labels.unpersist()
        labels = jumped
        if changed == 0:
            both.unpersist()
            return labels
    raise RuntimeError("connected components did not settle")


def _batches(sizes):
    """Archive mode's batches (the core cuts them): each component's, by its first post, from ``(first post,
    size)`` pairs."""
    ordered = sorted(sizes)
    return dict(zip((root for root, _ in ordered), _core.cluster_batches([size for _, size in ordered])))


def _account_summary(grouped):
    """What the joint steps need of one account: its key, its observations in input order, whether it has
    posts, its newest post times, its handle as a handle-only id gives it, and its profile."""
    key, items = grouped
    items = sorted(items)
    lines = [line for _, line, _, _, _ in items]
    has_posts = any(is_post for _, _, is_post, _, _ in items)
    times = sorted(t for _, _, is_post, _, t in items if is_post and t is not None)[-POSTS_PER_ACCOUNT:]
    handle_only = next((h for _, _, is_post, h, _ in items if is_post and h is not None), None)
    accounts = [line for _, line, is_post, _, _ in items if not is_post]
    profile = _core.profile(accounts) if accounts else None
    return key, (lines, has_posts, times, handle_only, profile)


def _tagged(rdd, tag):
    return rdd.mapValues(lambda v: (tag, v))


def _untag(values):
    """An account's observations, text clusters and joint clusters, from the tagged union of the three."""
    parts = ([], [], [])
    for tag, v in values:
        parts[tag].append(v)
    return parts


def _verdicts_of_partition(rows, chance):
    total, accounts_held, members = chance
    observations, text_clusters, clusters, memberships, handles = [], {}, {}, {}, {}
    for key, (lines, own_text, own_joint) in rows:
        for obs in lines:
            observations.extend(obs)
        for cluster, partners in own_text:
            text_clusters[cluster] = True
            for partner, count, handle in partners:
                if count:
                    memberships[partner] = count
                if handle is not None:
                    handles[partner] = handle
        for cluster in own_joint:
            clusters[cluster] = True
    if not observations:
        return []
    return [
        (None, v)
        for v in _core.verdicts(
            observations, list(text_clusters), list(clusters), memberships, total, accounts_held, members, handles
        )
    ]


def score(sc, paths, input_format=None, observed_at=None, partitions=None):
    """Every account's verdict in the inputs ``paths`` (read in this order), as an RDD of ``(account key,
    verdict JSON)`` sorted by key: the lines ``trichome score --format jsonl`` prints for the same inputs."""
    partitions = partitions or sc.defaultParallelism

    # 1. Read, one task per file; number every observation in input order.
    options = [(p, input_format, observed_at) for p in paths]
    numbered = (
        sc.parallelize(options, max(1, len(options)))
        .flatMap(_read)
        .zipWithIndex()
        .map(lambda li: (li[1], li[0]))
        .partitionBy(partitions)
        .persist()
    )

    # 2. Fingerprints: (number, (record, sketch key, band keys)).
    records = numbered.flatMap(_copy_record).persist()
    record_of = records.mapValues(lambda r: r[0])

    # 3. Identical sketches: each post's group is the first post with its sketch.
    by_sketch = records.map(lambda nr: (nr[1][1], nr[0]))
    first = by_sketch.reduceByKey(min, partitions)
    group = by_sketch.join(first, partitions).map(lambda kv: (kv[1][0], kv[1][1]))

    # 4. Band keys of each group's first post, grouped; candidates confirmed by the core.
    firsts = group.filter(lambda ng: ng[0] == ng[1]).keys().map(lambda n: (n, None))
    bands = records.join(firsts, partitions).flatMap(lambda kv: [(b, kv[0]) for b in kv[1][0][2]])
    pairs = bands.groupByKey(partitions).flatMap(lambda kv: _core.bucket_pairs(list(kv[1]))).distinct(partitions)
    links = (
        pairs.join(record_of, partitions)
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1])))
        .join(record_of, partitions)
        .filter(lambda kv: _core.near(kv[1][0][1], kv[1][1]))
        .map(lambda kv: (kv[1][0][0], kv[0]))
    )

    # 5. Connected components over the links and the groups.
    edges = links.union(group.filter(lambda ng: ng[0] != ng[1])).coalesce(partitions)
    label = _components(edges, records.keys(), partitions)

    # 6. Clusters of the components of two or more posts, in archive mode's batches.
    sizes = label.map(lambda nl: (nl[1], 1)).reduceByKey(add, partitions).filter(lambda rs: rs[1] >= 2).collect()
    batch_of = sc.broadcast(_batches(sizes))
    text_clusters = (
        label.filter(lambda nl: nl[1] in batch_of.value)
        .join(record_of, partitions)
        .map(lambda kv: (batch_of.value[kv[1][0]], kv[1][1]))
        .groupByKey(partitions)
        .flatMap(lambda kv: _core.clusters_of_batch(list(kv[1])))
        .map(lambda c: (c, _core.cluster_accounts(c)))
        .persist()
    )

    # What chance predicts: each account's memberships of informative copy clusters, and in all.
    informative = text_clusters.filter(lambda c: c[1][1]).map(lambda c: c[1][0])
    memberships = informative.flatMap(lambda accounts: [(a, 1) for a in accounts]).reduceByKey(add, partitions)
    total = informative.map(len).sum()
    members = memberships.count()

    # 7. Each account's summary; the joint findings other than copies on the driver.
    summaries = (
        numbered.map(lambda nl: (nl[0], nl[1], _core.facts(nl[1])))
        .map(lambda t: (t[2][0], (t[0], t[1], t[2][1], t[2][2], t[2][3])))
        .groupByKey(partitions)
        .map(_account_summary)
        .persist()
    )
    timed = summaries.filter(lambda s: s[1][1]).map(lambda s: (s[0], s[1][2])).sortByKey(numPartitions=partitions).collect()
    keys = [k for k, _ in timed]
    events = [(i, t) for i, (_, times) in enumerate(timed) for t in times]
    profiles = summaries.filter(lambda s: s[1][4] is not None).map(lambda s: s[1][4][0]).collect()
    handle_only = dict(summaries.filter(lambda s: s[1][3] is not None).map(lambda s: (s[0], s[1][3])).collect())
    joint = _core.joint_clusters(profiles, keys, events, handle_only)
    accounts_held = max(len(keys), len(profiles))
    del timed, events, profiles

    # Each account's handle (its profile's, else the one a handle-only id gives) and copy count.
    handles = summaries.flatMap(
        lambda s: [(s[0], s[1][4][1] if s[1][4] is not None and s[1][4][1] is not None else s[1][3])]
    )
    info = handles.leftOuterJoin(memberships, partitions)

    # 8. Each account's clusters with its partners' handles and counts, then the verdicts.
    numbered_clusters = text_clusters.zipWithUniqueId().map(lambda ci: (ci[1], ci[0]))
    member_of = numbered_clusters.flatMap(lambda ic: [(a, ic[0]) for a in ic[1][1][0]])
    partners = (
        member_of.join(info, partitions)
        .map(lambda kv: (kv[1][0], (kv[0], kv[1][1][1] or 0, kv[1][1][0])))
        .groupByKey(partitions)
        .join(numbered_clusters, partitions)
        .flatMap(lambda kv: [(a, (kv[1][1][0], list(kv[1][0]))) for a in kv[1][1][1][0]])
    )
    joint_of = sc.parallelize(joint, max(1, min(len(joint), partitions))).flatMap(
        lambda c: [(m, c) for m in json.loads(c)["members"]]
    )
    observations = summaries.mapValues(lambda s: s[0])
    chance = (int(total), accounts_held, members)
    verdicts = (
        sc.union([_tagged(observations, 0), _tagged(partners, 1), _tagged(joint_of, 2)])
        .groupByKey(partitions)
        .mapValues(_untag)
        .mapPartitions(lambda rows: _verdicts_of_partition(rows, chance))
        .map(lambda kv: (_core.verdict_key(kv[1]), kv[1]))
        .sortByKey(numPartitions=partitions)
    )
    return verdicts
