//! YouTube (youtube.com): comments, video owners and channels from `youtubei` responses and `ytInitialData`.
