"""The central server of a kabupaten/kota: devices enrol, push their outbox and pull changes."""
