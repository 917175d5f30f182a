"""Pairwise precision/recall of the family merge decision: ``service.merge_evaluation`` as a script."""

from service.merge_evaluation import main

if __name__ == "__main__":
    main()
