#!/usr/bin/env node
// The floor of "initialize answered from spawn": the SDK's McpServer with no tools over stdio.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';

await new McpServer({ name: 'bare', version: '1.0.0' }).connect(new StdioServerTransport());
