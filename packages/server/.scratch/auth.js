import { createHash, timingSafeEqual } from 'node:crypto';
/** Requires `Authorization: Bearer <token>`; answers 401 with WWW-Authenticate otherwise. */
export function bearerAuth(token) {
    // Comparing fixed-length digests keeps the comparison constant-time whatever the input length.
    const expected = digest(token);
    return (req, res, next) => {
        const header = req.headers.authorization ?? '';
        const match = /^Bearer[ ]+(\S+)\s*$/i.exec(header);
        if (match?.[1] && timingSafeEqual(digest(match[1]), expected)) {
            next();
            return;
        }
        const problem = match ? 'invalid_token' : 'invalid_request';
        res
            .status(401)
            .set('WWW-Authenticate', `Bearer realm="runbyte", error="${problem}"`)
            .json({
            jsonrpc: '2.0',
            error: {
                code: -32001,
                message: match
                    ? 'Unauthorized: the bearer token is wrong.'
                    : 'Unauthorized: send the Runbyte auth token as "Authorization: Bearer <token>".',
            },
            id: null,
        });
    };
}
function digest(value) {
    return createHash('sha256').update(value, 'utf8').digest();
}
