"""Drives `petsage-build mcp` with the official MCP Python SDK's client (tests/it/mcp.rs).

Usage: python mcp_client.py BINARY CWD [SERVER_ARG...] < calls.json

`calls.json` is a list of `{"tool": NAME, "arguments": {...}}`. The script starts the
server over stdio in CWD, initialises the session, lists the tools, makes each call in
order, and prints one JSON object: the negotiated protocol version, the server's name,
the tools (name, input schema, read-only hint) and each call's result (is_error, the
text of its content, its structured content).
"""

import asyncio
import json
import sys

from mcp import ClientSession, StdioServerParameters
from mcp.client.stdio import stdio_client


async def main() -> None:
    binary, cwd, *server_args = sys.argv[1:]
    calls = json.load(sys.stdin)
    params = StdioServerParameters(
        command=binary, args=["mcp", *server_args], cwd=cwd, env={"NO_COLOR": "1"}
    )
    out: dict = {}
    async with stdio_client(params) as (read, write):
        async with ClientSession(read, write) as session:
            init = await session.initialize()
            out["protocol_version"] = str(init.protocol_version)
            out["server"] = init.server_info.name
            listed = await session.list_tools()
            out["tools"] = [
                {
                    "name": t.name,
                    "input_schema": t.input_schema,
                    "read_only": bool(t.annotations and t.annotations.read_only_hint),
                    "description": t.description,
                }
                for t in listed.tools
            ]
            results = []
            for call in calls:
                r = await session.call_tool(call["tool"], call.get("arguments"))
                results.append(
                    {
                        "is_error": bool(r.is_error),
                        "text": "".join(getattr(c, "text", "") for c in r.content),
                        "data": r.structured_content,
                    }
                )
            out["results"] = results
    json.dump(out, sys.stdout)


asyncio.run(main())
