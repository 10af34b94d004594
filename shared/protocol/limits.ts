/**
 * The page limits of the sync endpoints (design/sync.md): the server enforces them, the client sizes its
 * requests by them.
 */

/** the most mutations one push may carry; 500 fit well within the server's default 2 MiB body */
export const maxPushMutations = 500

/** rows in one pull page when the request names no limit, and the client's page size for everyday pulls */
export const defaultPullLimit = 1000

/** the most rows one pull page holds; a bootstrap asks for this many (few large pages cost less per row) */
export const maxPullLimit = 10_000
