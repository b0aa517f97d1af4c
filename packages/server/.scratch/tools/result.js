/** An isError result without structuredContent: the SDK client skips output validation for those. */
export function errorResult(text) {
    return { content: [{ type: 'text', text }], isError: true };
}
