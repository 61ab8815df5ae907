// `npm run build:web`: the pages (web/) built into web/dist through a sibling folder swapped in
// whole (api/web-build.ts), so a running `npm start` serves the old page or the new one, never none.
import { buildWeb } from '../api/web-build.ts'

await buildWeb(undefined, 'info')
