#!/usr/bin/env node
// The demo MCP server Runbyte starts when no config exists, so a newcomer sees code mode work offline.
// Canned, deterministic data; nothing leaves the machine. Plain JS so it runs from the package as is.
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';

const WEATHER = {
  london: { conditions: 'light rain', temperatureC: 11, humidity: 81, windKph: 19 },
  paris: { conditions: 'partly cloudy', temperatureC: 14, humidity: 66, windKph: 12 },
  tokyo: { conditions: 'clear', temperatureC: 18, humidity: 55, windKph: 8 },
  'new york': { conditions: 'sunny', temperatureC: 16, humidity: 48, windKph: 15 },
  sydney: { conditions: 'showers', temperatureC: 22, humidity: 73, windKph: 24 },
};

const STATUSES = ['pending', 'shipped', 'delivered', 'cancelled'];
const PRODUCTS = ['keyboard', 'mouse', 'monitor', 'headset', 'webcam', 'dock', 'cable', 'laptop stand'];
const CUSTOMERS = ['Ada', 'Grace', 'Linus', 'Margaret', 'Ken', 'Barbara', 'Dennis', 'Radia'];
// 500 orders from a seeded generator (mulberry32): the same rows on every run.
let seed = 42;
const random = () => {
  seed = (seed + 0x6d2b79f5) | 0;
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const pick = (list) => list[Math.floor(random() * list.length)];
const ORDERS = Array.from({ length: 500 }, (_, i) => ({
  id: `ord_${String(i + 1).padStart(4, '0')}`,
  customer: pick(CUSTOMERS),
  product: pick(PRODUCTS),
  quantity: 1 + Math.floor(random() * 4),
  totalCents: 1999 + Math.floor(random() * 50000),
  status: pick(STATUSES),
  createdAt: new Date(Date.UTC(2026, 0, 1) + i * 3_600_000 * 7).toISOString(),
}));

const notes = new Map();

const order = {
  type: 'object',
  properties: {
    id: { type: 'string' },
    customer: { type: 'string' },
    product: { type: 'string' },
    quantity: { type: 'integer' },
    totalCents: { type: 'integer', description: 'Order total in cents.' },
    status: { type: 'string', enum: STATUSES },
    createdAt: { type: 'string', format: 'date-time' },
  },
  required: ['id', 'customer', 'product', 'quantity', 'totalCents', 'status', 'createdAt'],
};
const note = {
  type: 'object',
  properties: { title: { type: 'string' }, text: { type: 'string' }, updatedAt: { type: 'string' } },
  required: ['title', 'text', 'updatedAt'],
};

const TOOLS = [
  {
    name: 'add',
    description: 'Add two numbers and return their sum.',
    inputSchema: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } }, required: ['a', 'b'] },
    outputSchema: { type: 'object', properties: { sum: { type: 'number' } }, required: ['sum'] },
    run: ({ a, b }) => ({ sum: a + b }),
  },
  {
    name: 'get_weather',
    description: `Current weather for a city (canned demo data for ${Object.keys(WEATHER).join(', ')}).`,
    inputSchema: {
      type: 'object',
      properties: { city: { type: 'string', description: 'City name, e.g. "Paris".' } },
      required: ['city'],
    },
    outputSchema: {
      type: 'object',
      properties: {
        city: { type: 'string' },
        conditions: { type: 'string' },
        temperatureC: { type: 'number' },
        humidity: { type: 'number', description: 'Relative humidity in percent.' },
        windKph: { type: 'number' },
      },
      required: ['city', 'conditions', 'temperatureC', 'humidity', 'windKph'],
    },
    run: ({ city }) => {
      const found = WEATHER[String(city).trim().toLowerCase()];
      if (!found) throw new Error(`No demo weather for "${city}". Known cities: ${Object.keys(WEATHER).join(', ')}.`);
      return { city: String(city), ...found };
    },
  },
  {
    name: 'list_orders',
    description: 'List orders, optionally filtered by status or customer. Returns many rows: filter them in code.',
    inputSchema: {
      type: 'object',
      properties: {
        status: { type: 'string', enum: STATUSES },
        customer: { type: 'string' },
        limit: { type: 'integer', minimum: 1, maximum: 500, description: 'At most this many orders (default 500).' },
      },
    },
    outputSchema: {
      type: 'object',
      properties: { orders: { type: 'array', items: order }, total: { type: 'integer' } },
      required: ['orders', 'total'],
    },
    run: ({ status, customer, limit = 500 }) => {
      const matching = ORDERS.filter((o) => (!status || o.status === status) && (!customer || o.customer === customer));
      return { orders: matching.slice(0, limit), total: matching.length };
    },
  },
  {
    name: 'save_note',
    description:
      'Save a note under a title (kept in memory while the server runs), replacing any note with that title.',
    inputSchema: {
      type: 'object',
      properties: { title: { type: 'string' }, text: { type: 'string' } },
      required: ['title', 'text'],
    },
    outputSchema: note,
    run: ({ title, text }) => {
      const saved = { title, text, updatedAt: new Date().toISOString() };
      notes.set(title, saved);
      return saved;
    },
  },
  {
    name: 'list_notes',
    description: 'List the saved notes.',
    inputSchema: { type: 'object', properties: {} },
    outputSchema: { type: 'object', properties: { notes: { type: 'array', items: note } }, required: ['notes'] },
    run: () => ({ notes: [...notes.values()] }),
  },
  {
    name: 'get_note',
    description: 'Read one note by its title.',
    inputSchema: { type: 'object', properties: { title: { type: 'string' } }, required: ['title'] },
    outputSchema: note,
    run: ({ title }) => {
      const found = notes.get(title);
      if (!found)
        throw new Error(`No note titled "${title}". Saved titles: ${[...notes.keys()].join(', ') || 'none'}.`);
      return found;
    },
  },
];

const server = new Server(
  { name: 'runbyte-demo', version: '1.0.0' },
  {
    capabilities: { tools: {} },
    instructions: 'A demo server with canned data: add, weather, orders and an in-memory notes store.',
  },
);

server.setRequestHandler(ListToolsRequestSchema, async () => ({
  tools: TOOLS.map(({ run: _run, ...tool }) => tool),
}));

server.setRequestHandler(CallToolRequestSchema, async (request) => {
  const tool = TOOLS.find((t) => t.name === request.params.name);
  if (!tool) return { isError: true, content: [{ type: 'text', text: `Unknown tool ${request.params.name}.` }] };
  try {
    const result = tool.run(request.params.arguments ?? {});
    return { content: [{ type: 'text', text: JSON.stringify(result) }], structuredContent: result };
  } catch (error) {
    return { isError: true, content: [{ type: 'text', text: error instanceof Error ? error.message : String(error) }] };
  }
});

const transport = new StdioServerTransport();
await server.connect(transport);
// Exit with the parent: when Runbyte closes our stdin, nothing is left running.
process.stdin.on('end', () => process.exit(0));
process.stdin.on('close', () => process.exit(0));
