import { keepWalk, walkOf, type Topic } from "./topic.js";

/** What the index stores: anything that can be stamped with the current publish. */
export interface Stampable {
  /** The sequence number of the last publish that collected this member. */
  stamp: number;
}

/** Where `collect` hands its matches: an array, or the bus's delivery of one publish. */
export interface Collector<T> {
  push(member: T): void;
}

class TrieNode<T> {
  /**
   * Children by exact segment; created on the first one. A prototype-less
   * object, not a `Map`: V8 looks a segment up there faster, and the walk on
   * each publish is mostly such lookups.
   */
  children: Record<string, TrieNode<T>> | undefined = undefined;
  /** The child for a `*` segment, kept apart so a walk never looks it up by name. */
  wildcard: TrieNode<T> | undefined = undefined;
  /** Members whose pattern ends at this node. */
  members: T[] | undefined = undefined;

  constructor(
    readonly parent: TrieNode<T> | undefined,
    readonly segment: string,
  ) {}

  get isEmpty(): boolean {
    return this.children === undefined && this.wildcard === undefined && this.members === undefined;
  }
}

/** The trie nodes where a topic's matching patterns end, as of the index's `shape`. */
interface Walk<T> {
  readonly shape: number;
  readonly nodes: readonly TrieNode<T>[];
}

// Shapes are numbered across all indexes, so one index never takes a walk that
// another cached on a topic both of them see.
let lastShape = 0;

/**
 * Finds the members whose patterns match a concrete topic. Exact patterns sit
 * in a map keyed by their text, so a publish finds them with one lookup of a
 * string whose hash the `Topic` already holds. Patterns with `*` sit in a
 * segment trie; looking a topic up there follows, at each depth, the exact
 * child and the `*` child, and the nodes it ends at are cached on the topic.
 * Either way the cost depends on the topic's depth and on the matches, not on
 * how many patterns the index holds.
 */
export class TopicIndex<T extends Stampable> {
  // One member is stored as itself: most exact topics have a single subscriber,
  // and an array for it would cost more than the member's map entry.
  readonly #exact = new Map<string, T | T[]>();
  readonly #root = new TrieNode<T>(undefined, "");
  #nodes = 0;
  /** Changes whenever a trie node is made: a walk cached before may miss it. */
  #shape = 0;

  /** Number of trie nodes below the root; 0 once every wildcard pattern was removed. */
  get nodeCount(): number {
    return this.#nodes;
  }

  /** Number of distinct exact patterns held. */
  get exactCount(): number {
    return this.#exact.size;
  }

  add(pattern: Topic, member: T): void {
    if (!pattern.isPattern) {
      const text = pattern.toString();
      const members = this.#exact.get(text);
      if (members === undefined) this.#exact.set(text, member);
      else if (Array.isArray(members)) members.push(member);
      else this.#exact.set(text, [members, member]);
      return;
    }
    let node = this.#root;
    for (const segment of pattern.segments) node = this.#child(node, segment);
    if (node.members === undefined) node.members = [member];
    else node.members.push(member);
  }

  remove(pattern: Topic, member: T): void {
    if (!pattern.isPattern) {
      const text = pattern.toString();
      const members = this.#exact.get(text);
      if (members === member) this.#exact.delete(text);
      else if (Array.isArray(members) && removeFrom(members, member) && members.length === 1) {
        this.#exact.set(text, members[0] as T);
      }
      return;
    }
    let node: TrieNode<T> | undefined = this.#root;
    for (const segment of pattern.segments) {
      node = segment === "*" ? node.wildcard : node.children?.[segment];
      if (node === undefined) return;
    }
    const members = node.members;
    if (members === undefined || !removeFrom(members, member)) return;
    if (members.length === 0) node.members = undefined;
    this.#prune(node);
  }

  /**
   * Appends to `out` every member with a pattern matching `topic` (concrete)
   * whose stamp is not yet `stamp`, and stamps it: a member is collected at
   * most once per stamp, across several matching patterns and several topics.
   */
  collect(topic: Topic, stamp: number, out: Collector<T>): void {
    const exact = this.#exact.get(topic.toString());
    if (Array.isArray(exact)) collectMembers(exact, stamp, out);
    else if (exact !== undefined) collectMember(exact, stamp, out);
    if (this.#root.isEmpty) return;
    for (const node of this.#walk(topic)) if (node.members !== undefined) collectMembers(node.members, stamp, out);
  }

  /**
   * The nodes where the patterns matching `topic` end, kept on the topic until
   * a node is made, so a hot topic costs a field read instead of a walk.
   * Removing a pattern needs no new walk: its node loses members (so a kept
   * walk never holds a cancelled subscription), or is pruned once empty and
   * never reached again.
   */
  #walk(topic: Topic): readonly TrieNode<T>[] {
    const kept = walkOf(topic) as Walk<T> | undefined;
    if (kept?.shape === this.#shape) return kept.nodes;
    const nodes: TrieNode<T>[] = [];
    walkTo(this.#root, topic.segments, 0, nodes);
    keepWalk(topic, { shape: this.#shape, nodes } satisfies Walk<T>);
    return nodes;
  }

  #child(node: TrieNode<T>, segment: string): TrieNode<T> {
    if (segment === "*") return (node.wildcard ??= this.#created(node, segment));
    const children = (node.children ??= Object.create(null) as Record<string, TrieNode<T>>);
    return (children[segment] ??= this.#created(node, segment));
  }

  #created(parent: TrieNode<T>, segment: string): TrieNode<T> {
    this.#nodes++;
    this.#shape = ++lastShape;
    return new TrieNode(parent, segment);
  }

  /** Detaches empty nodes from `node` upwards, so churn leaves no garbage behind. */
  #prune(node: TrieNode<T>): void {
    let current = node;
    while (current.isEmpty && current.parent !== undefined) {
      const parent: TrieNode<T> = current.parent;
      if (parent.wildcard === current) parent.wildcard = undefined;
      else {
        const children = parent.children as Record<string, TrieNode<T>>;
        delete children[current.segment];
        if (Object.keys(children).length === 0) parent.children = undefined;
      }
      this.#nodes--;
      current = parent;
    }
  }
}

/** Appends to `out` the nodes below `node` that `segments` (from `depth` on) reach. */
function walkTo<T>(node: TrieNode<T>, segments: readonly string[], depth: number, out: TrieNode<T>[]): void {
  if (depth === segments.length) {
    out.push(node);
    return;
  }
  const exact = node.children?.[segments[depth] as string];
  if (exact !== undefined) walkTo(exact, segments, depth + 1, out);
  if (node.wildcard !== undefined) walkTo(node.wildcard, segments, depth + 1, out);
}

/** Appends to `out` each of `members` not yet stamped with `stamp`, and stamps it. */
export function collectMembers<T extends Stampable>(members: readonly T[], stamp: number, out: Collector<T>): void {
  for (let i = 0; i < members.length; i++) collectMember(members[i] as T, stamp, out);
}

function collectMember<T extends Stampable>(member: T, stamp: number, out: Collector<T>): void {
  if (member.stamp !== stamp) {
    member.stamp = stamp;
    out.push(member);
  }
}

/** Removes `member` from `members`, keeping the others' order; false when absent. */
function removeFrom<T>(members: T[], member: T): boolean {
  const at = members.indexOf(member);
  if (at < 0) return false;
  members.splice(at, 1);
  return true;
}
