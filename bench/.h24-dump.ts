import { readImage } from '../src/image/read.ts'
import { parseImageSource } from '../src/image/source.ts'
const read = await readImage(parseImageSource(process.argv[2]!, 'image'), { compress: false, collectEntries: 'details' })
const out: string[] = []
;(read.entries ?? []).forEach((layer, k) => { for (const e of layer) if (e.type === 'file') out.push(`${k}\t${e.path}\t${e.size}\t${e.sha256}\t${e.text === undefined ? '' : e.text.length}`) })
process.stdout.write(out.join('\n') + '\n')
