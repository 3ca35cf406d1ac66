import numpy as np
from limner.orchestrator.image_safety import OpenNSFW
from PIL import Image
from skimage import data


def test_opennsfw_scores_benign_images_low_in_one_batch():
    clf = OpenNSFW()
    images = [Image.fromarray(data.coffee()), Image.fromarray(data.chelsea()), Image.fromarray(data.rocket()),
              Image.fromarray(data.astronaut()), Image.fromarray(np.stack([data.camera()] * 3, -1))]
    scores = clf.score(images)
    assert len(scores) == len(images)
    assert all(s["nsfw"] < 0.2 for s in scores), scores
    assert clf.score([]) == []
