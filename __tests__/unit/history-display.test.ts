/** `displayCreatedBy`: a layer's history entry as people read it, without builder prefixes. */
import assert from 'node:assert/strict'
import { test } from 'node:test'
import { displayCreatedBy } from '../../src/image/history.ts'

// created_by values as dockerd 20.10's classic builder and BuildKit v0.8 write them here.
const cases: [string, string][] = [
  ['/bin/sh -c #(nop) COPY file:00ec1633 in /src/ ', 'COPY file:00ec1633 in /src/'],
  ['/bin/sh -c #(nop)  CMD ["sh"]', 'CMD ["sh"]'],
  ['/bin/sh -c #(nop) WORKDIR /src', 'WORKDIR /src'],
  ['/bin/sh -c #(nop) ADD file:4b03 in / ', 'ADD file:4b03 in /'],
  ['/bin/sh -c chmod +x /server', 'RUN chmod +x /server'],
  ['|1 VERSION=1.2 /bin/sh -c make', 'RUN make'],
  ['|2 TOKEN=a b c V=1 /bin/sh -c make install', 'RUN make install'],
  ['RUN /bin/sh -c go build -o /out/app . # buildkit', 'RUN go build -o /out/app .'],
  ['RUN |1 TOKEN=x /bin/sh -c make # buildkit', 'RUN make'],
  ['COPY /out/app /app # buildkit', 'COPY /out/app /app'],
  ['RUN go build # buildkit', 'RUN go build'],
  ['busybox rootfs', 'busybox rootfs'],
  ['', '']
]

for (const [createdBy, shown] of cases) {
  test(`${JSON.stringify(createdBy)} → ${JSON.stringify(shown)}`, () => {
    assert.equal(displayCreatedBy(createdBy), shown)
  })
}
