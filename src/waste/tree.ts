/**
 * The merged (stacked) file tree of an image, built layer by layer: what a container sees after
 * every layer up to the current one is applied, as overlay2 stacks them.
 */

/**
 * The content a non-directory path names: one per inode of a layer diff. Hardlinks of one layer
 * share it; its bytes are counted once, at the path that holds them (see `LayerEntry.size`).
 */
export interface Inode {
  /** Bytes of the content, as the engine counts the inode (`st_size`; a symlink its target). */
  size: number
  /** Layer index whose diff stores these bytes. */
  layer: number
}

/** A node of the merged tree. Directories carry no bytes and no inode. */
export interface TreeNode {
  kind: 'dir' | 'file'
  /** Bytes this path counts in the layer that added it (0 for the 2nd+ hardlink of an inode). */
  size: number
  /** The content this path names (files, links, devices); undefined for directories. */
  inode?: Inode
  /** Layer index that added this version of the path. */
  layer: number
}

function parentOf(path: string): string {
  const i = path.lastIndexOf('/')
  return i < 0 ? '' : path.slice(0, i)
}

/**
 * A path → node map with a children index, so removing a directory costs its subtree's size,
 * not the tree's. Paths are normalised (`a/b/c`); `''` is the root and is never stored.
 */
export class MergedTree {
  private readonly nodes = new Map<string, TreeNode>()
  private readonly children = new Map<string, Set<string>>()

  get(path: string): TreeNode | undefined {
    return this.nodes.get(path)
  }

  /** Every non-directory path with its node, in no particular order. */
  *files(): Generator<[string, TreeNode]> {
    for (const [path, node] of this.nodes) if (node.kind === 'file') yield [path, node]
  }

  /**
   * Sets `path` to `node`, creating missing parent directories. A non-directory in the way of a
   * parent is replaced by a directory; `onRemove` hears of every non-directory path that goes.
   * A directory replaced by a file loses its whole subtree the same way.
   */
  set(path: string, node: TreeNode, onRemove: (path: string, old: TreeNode) => void): void {
    const parent = parentOf(path)
    if (parent !== '') {
      const p = this.nodes.get(parent)
      if (!p || p.kind !== 'dir') {
        if (p) this.remove(parent, onRemove)
        this.set(parent, { kind: 'dir', size: 0, layer: node.layer }, onRemove)
      }
    }
    const old = this.nodes.get(path)
    if (old && (old.kind === 'dir') !== (node.kind === 'dir')) {
      this.remove(path, onRemove)
    }
    this.nodes.set(path, node)
    let siblings = this.children.get(parent)
    if (!siblings) {
      siblings = new Set()
      this.children.set(parent, siblings)
    }
    siblings.add(path)
  }

  /** Removes `path` and everything below it; `onRemove` hears of each non-directory removed. */
  remove(path: string, onRemove: (path: string, old: TreeNode) => void): void {
    const node = this.nodes.get(path)
    if (!node) return
    if (node.kind === 'dir') this.removeChildren(path, onRemove)
    else onRemove(path, node)
    this.nodes.delete(path)
    this.children.get(parentOf(path))?.delete(path)
  }

  /** Removes everything below the directory `path` (an opaque whiteout), keeping `path`. */
  removeChildren(path: string, onRemove: (path: string, old: TreeNode) => void): void {
    const kids = this.children.get(path)
    if (!kids) return
    for (const child of [...kids]) this.remove(child, onRemove)
    this.children.delete(path)
  }
}
