"""What the suite starts and writes on this machine: child processes, loopback HTTP servers and
forwarders, Node.js processes with their pinned npm packages, and files written atomically.

Nothing here knows about targets, clients or the specification; every other package may use it.
"""
