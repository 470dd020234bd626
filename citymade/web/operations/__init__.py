"""Operations on a running installation: backups and restores."""
