"""fundgap: how much money reaches Chinese AI labs compared with US labs, figure by figure and source by
source."""
