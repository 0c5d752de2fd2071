# async def at top level, as methods (also decorated) and nested; async for/with inside.

import asyncio


async def fetch(url):
    await asyncio.sleep(0)
    return url


async def gather(urls):
    results = []
    async for item in stream(urls):
        results.append(item)
    async with lock():
        pass
    return results


async def stream(urls):
    for u in urls:
        yield u


class Client:
    async def get(self, path):
        return await fetch(path)

    @staticmethod
    async def ping():
        return True

    def sync(self):
        async def nested():
            return 1
        return nested
