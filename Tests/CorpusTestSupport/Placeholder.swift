import CorpusCore
