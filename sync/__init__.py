"""Sync: the wire contract shared with the central server (:mod:`sync.wire`) and the
device's client engine. Nothing here touches Qt or the local database directly."""
